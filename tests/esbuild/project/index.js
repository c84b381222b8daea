// A small multi-file project for tests/host/esbuild-bundle.
import { add, mul } from "./lib/math.js";
import greet from "./lib/greet.js";

const values = [1, 2, 3, 4].map((v) => mul(v, v));
console.log(greet("cleave"), add(...values.slice(0, 2)), values.join(","));
