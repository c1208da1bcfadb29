// fnport on the Functions Framework: the shared fnport hello registered with cloudFunction(), run by the framework's CLI.
import { cloudFunction } from "@fnport/gcp-functions";
import app from "../../fnport-hello.ts";

cloudFunction("hello", app);
