// Which hotel a form is about, for people who look after more than one; a
// single hotel needs no choice (the form still says which one it is).
import { useTranslation } from "react-i18next";

type Props = {
  name: string;
  value: string;
  properties: { id: string; name: string }[];
  className?: string;
};

export function PropertySelect({ name, value, properties, className = "" }: Props) {
  const { t } = useTranslation();
  if (properties.length < 2) return <input type="hidden" name={name} value={value} />;
  return (
    <label className={`flex flex-col gap-1 ${className}`}>
      <span className="font-medium">{t("search.property")}</span>
      <select name={name} defaultValue={value} className="min-h-11 rounded border border-stone-500 bg-white p-2">
        {properties.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}
