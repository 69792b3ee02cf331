// What a staff member may do and where: their role and their properties, as
// the admin's create and edit forms both ask it (plain fields, no script needed).
import { useTranslation } from "react-i18next";

type Props = {
  roles: readonly string[];
  properties: { id: string; name: string }[];
  role?: string;
  propertyIds?: string[];
  /** Translated messages under the fields, when the form came back with mistakes. */
  errors?: { role?: string; propertyIds?: string };
};

export function StaffAccessFields({ roles, properties, role, propertyIds, errors = {} }: Props) {
  const { t } = useTranslation();
  return (
    <>
      <div className="flex flex-col gap-1">
        <label htmlFor="field-role" className="font-medium">
          {t("staff.role")}
        </label>
        <select
          id="field-role"
          name="role"
          defaultValue={role}
          className="min-h-11 rounded border border-stone-500 p-2"
          aria-invalid={errors.role ? true : undefined}
        >
          {roles.map((value) => (
            <option key={value} value={value}>
              {t(`roles.${value}`)}
            </option>
          ))}
        </select>
      </div>
      <fieldset aria-describedby={errors.propertyIds ? "property-error" : undefined}>
        <legend className="font-medium">{t("staff.properties")}</legend>
        {properties.map((property) => (
          <label key={property.id} className="mt-2 flex min-h-6 items-center gap-2">
            <input
              type="checkbox"
              name="propertyIds"
              value={property.id}
              defaultChecked={propertyIds?.includes(property.id)}
            />
            {property.name}
          </label>
        ))}
        {errors.propertyIds && (
          <p id="property-error" className="text-sm font-medium text-red-800">
            {errors.propertyIds}
          </p>
        )}
      </fieldset>
    </>
  );
}
