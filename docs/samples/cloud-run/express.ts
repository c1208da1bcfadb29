import { toNodeHandler } from "@fnport/cloud-run";
import express from "express";
import app from "./app.ts";

export const server: express.Express = express();
server.use(express.raw({ type: "*/*" }));
server.use(toNodeHandler(app, { rawBody: (req) => (req as express.Request).body }));
