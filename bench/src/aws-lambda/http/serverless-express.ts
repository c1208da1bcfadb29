import serverlessExpress from "@codegenie/serverless-express";
import express from "express";

const app = express();
app.use(express.json());
app.post("/hello", (req, res) => {
  res.json({ message: `hello, ${(req.body as { name: string }).name}` });
});

export const handler = serverlessExpress({ app });
