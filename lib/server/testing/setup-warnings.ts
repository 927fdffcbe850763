// A `pg` client given a query while it still runs another is deprecated and an error from pg 9 on: any test
// that makes one fails here, so code sharing one connection between concurrent queries cannot come back.
process.on("warning", (warning) => {
  if (warning.name === "DeprecationWarning" && warning.message.includes("when the client is already executing a query")) throw warning;
});
