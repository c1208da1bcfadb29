// The app the @fnport/cloudflare-workers README deploys: any defineHandler app.
import { defineHandler, json } from "@fnport/core";

export default defineHandler((event) => (event.kind === "http" ? json({ path: event.path }) : undefined));
