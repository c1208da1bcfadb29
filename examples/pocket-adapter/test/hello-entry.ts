import { helloApp as app } from "@fnport/conformance/hello";
import { pocket } from "../src/pocket.ts";

export default pocket(app); // a PocketFunction: Pocket calls its http(), queue() and timer()
