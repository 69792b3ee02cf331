// The keys personal data is sealed with, as the privacy and auth modules use
// them: purpose keys from the key store and AES-256-GCM sealing. They live in
// app/crypto/ (decision record 016); this module keeps their importers short.
export { open, seal } from "../crypto/aead.server";
export { purposeKey } from "../crypto/keys.server";
