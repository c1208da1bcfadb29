// fnport's own server: the shared fnport hello on @fnport/cloud-run (node:http, no framework), listening on $PORT.
import { cloudRun } from "@fnport/cloud-run";
import app from "../../fnport-hello.ts";

await cloudRun(app, { host: process.env.HOST });
