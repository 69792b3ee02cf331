// Single fetch is on (remix.config.js): loaders' types follow it.
import "@remix-run/node";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}
