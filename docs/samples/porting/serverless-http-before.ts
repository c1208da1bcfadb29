// Before: an Express app on Lambda through serverless-http.
import express from "express";
import serverless from "serverless-http";

const app = express();
app.use(express.json());
app.post("/orders", (req, res) => {
  const { sku, quantity } = req.body as { sku?: unknown; quantity?: unknown };
  if (typeof sku !== "string" || typeof quantity !== "number") {
    res.status(400).json({ error: "sku and quantity are required" });
    return;
  }
  res.status(201).json({ accepted: { sku, quantity } });
});

export const handler = serverless(app);
