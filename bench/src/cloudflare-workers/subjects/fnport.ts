import { worker } from "@fnport/cloudflare-workers";
import app from "../../fnport-hello.ts";

export default worker(app);
