// The property a setup page is about (issue 11): one of the account's, the
// one asked for (?property= or the form's propertyId), else the first; 404
// when the account manages none. Shared by /manage-property and its pages.
import { propertyOfAccount } from "~/booking/property.server";

export async function managedProperty(account: { propertyIds: string[] }, requested: string | null) {
  const { property, properties } = await propertyOfAccount(account, requested);
  if (!property) throw new Response("Not Found", { status: 404 });
  return { property, properties };
}
