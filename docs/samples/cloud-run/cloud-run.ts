import { cloudRun } from "@fnport/cloud-run";
import app from "./app.ts";

await cloudRun(app); // listens on $PORT (8080 by default); on SIGTERM, finishes in-flight work and exits
