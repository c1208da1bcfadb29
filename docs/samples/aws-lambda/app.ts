// The app the @fnport/aws-lambda README deploys: any defineHandler app.
import { defineHandler, json } from "@fnport/core";

export default defineHandler((event) => json({ kind: event.kind }));
