// A room type's photo as every page shows it: the stored widths as a
// srcset, its alt text, and its size reserved so the page does not jump.
import type { ShownPhoto } from "~/booking/room-details";

export function Photo({
  photo,
  width,
  sizes,
  className,
}: {
  photo: ShownPhoto;
  /** The width the page lays it out at, in CSS pixels (for the reserved box). */
  width: number;
  sizes: string;
  className: string;
}) {
  return (
    <img
      src={photo.src}
      srcSet={photo.srcSet}
      sizes={sizes}
      alt={photo.alt}
      width={width}
      height={Math.round(width * photo.aspect)}
      loading="lazy"
      decoding="async"
      className={className}
    />
  );
}
