import { worker } from "@fnport/cloudflare-workers";
import app from "./app.ts";

export default worker(app);
