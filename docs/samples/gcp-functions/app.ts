// The app the @fnport/gcp-functions README serves: any defineHandler app.
import { defineHandler, json } from "@fnport/core";

export default defineHandler((event) => (event.kind === "http" ? json({ path: event.path }) : undefined));
