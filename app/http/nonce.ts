// The Content-Security-Policy nonce of the current response, for the few
// inline scripts Remix renders (hydration data, scroll restoration).
import { createContext, useContext } from "react";

export const NonceContext = createContext<string | undefined>(undefined);
export const useNonce = () => useContext(NonceContext);
