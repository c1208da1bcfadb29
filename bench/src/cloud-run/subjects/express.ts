import express from "express";

const app = express();
app.use(express.json());
app.post("/hello", (req, res) => {
  res.json({ message: `hello, ${(req.body as { name: string }).name}` });
});
app.listen(Number(process.env.PORT), process.env.HOST as string);
