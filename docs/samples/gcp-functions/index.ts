// index.ts
import { cloudFunction } from "@fnport/gcp-functions";
import app from "./app.ts";

cloudFunction("hello", app); // deploy with --entry-point=hello
