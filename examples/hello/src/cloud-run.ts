import { cloudRun } from "@fnport/cloud-run";
import app from "./app.ts";

await cloudRun(app); // listens on $PORT; on SIGTERM, finishes in-flight requests and exits
