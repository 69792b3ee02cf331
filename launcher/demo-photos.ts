// The demo's room photos: drawn here (an SVG per room type, rendered by the
// same pipeline as an upload), so the demo ships no image it would need a
// licence for and hot-links none. Each says in every language that it is an
// illustration of that room type.
import sharp from "sharp";
import { storePhotoFiles } from "../app/booking/photos.server";

type DemoType = { code: string; name: string; translations: Record<string, { name: string }>; capacity: number };

const COLOURS: Record<string, [string, string]> = {
  CLASSIC: ["#d9c7a7", "#7a5c3e"],
  TWIN: ["#c9d6d0", "#3e6a5c"],
  SUPERIOR: ["#d8cde0", "#5a4a7a"],
  FAMILY: ["#e3d2b8", "#8a5a2e"],
  SUITE: ["#cdd8e3", "#2e4a6a"],
};

const ALT: Record<string, (name: string) => string> = {
  en: (name) => `Illustration of the ${name}: beds, window and reading light`,
  es: (name) => `Ilustración de ${name}: camas, ventana y lámpara de lectura`,
  fr: (name) => `Illustration de la chambre ${name} : lits, fenêtre et liseuse`,
  de: (name) => `Illustration: ${name} mit Betten, Fenster und Leselampe`,
  ar: (name) => `رسم توضيحي لـ ${name}: الأسرّة والنافذة ومصباح القراءة`,
};

function drawing(type: DemoType): string {
  const [wall, wood] = COLOURS[type.code] ?? ["#dddddd", "#555555"];
  const beds = type.code === "TWIN" ? 2 : type.capacity > 2 ? 2 : 1;
  const bedWidth = beds === 2 ? 420 : 640;
  const bed = (x: number) =>
    `<rect x="${x}" y="610" width="${bedWidth}" height="170" rx="18" fill="#f7f4ee"/>` +
    `<rect x="${x}" y="560" width="${bedWidth}" height="70" rx="14" fill="${wood}"/>` +
    `<rect x="${x + 30}" y="630" width="${bedWidth / 2 - 45}" height="60" rx="20" fill="#ffffff"/>` +
    `<rect x="${x + bedWidth / 2 + 15}" y="630" width="${bedWidth / 2 - 45}" height="60" rx="20" fill="#ffffff"/>`;
  const beds_ = beds === 2 ? bed(300) + bed(860) : bed(480);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1000" viewBox="0 0 1600 1000">
  <rect width="1600" height="1000" fill="${wall}"/>
  <rect y="780" width="1600" height="220" fill="${wood}" opacity="0.55"/>
  <rect x="1180" y="140" width="300" height="360" fill="#bcd9ee" stroke="#ffffff" stroke-width="18"/>
  <line x1="1330" y1="140" x2="1330" y2="500" stroke="#ffffff" stroke-width="10"/>
  <circle cx="180" cy="330" r="46" fill="#f3d27a"/>
  <rect x="172" y="370" width="16" height="260" fill="${wood}"/>
  ${beds_}
</svg>`;
}

/** Renders and stores each room type's illustration; answers the rows to insert (room_type_photos). */
export async function demoPhotos(types: (DemoType & { id: string })[]) {
  const rows = [];
  for (const type of types) {
    // Uploads may not be SVG: the drawing goes in as the PNG a camera-less hotel would upload.
    const files = await storePhotoFiles(
      await sharp(Buffer.from(drawing(type)))
        .png()
        .toBuffer(),
    );
    const alt = Object.fromEntries(
      Object.entries(ALT).map(([language, words]) => [
        language,
        words(language === "en" ? type.name : (type.translations[language]?.name ?? type.name)),
      ]),
    );
    rows.push({ id: files.id, roomTypeId: type.id, alt, widths: files.widths, aspect: files.aspect });
  }
  return rows;
}
