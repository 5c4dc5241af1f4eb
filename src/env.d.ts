// What the middleware hands every page and action.
declare namespace App {
  interface Locals {
    /** The store this request is for; null when the URL names a store that does not exist. */
    site?: import('./stores/stores.ts').StoreSite | null;
  }
}
