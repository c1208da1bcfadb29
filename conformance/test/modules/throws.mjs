throw new Error("this module cannot be imported");
