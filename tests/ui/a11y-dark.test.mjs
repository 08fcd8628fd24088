// @ts-check
// axe-core on every screen and state in the dark palette (the states and the check: ./a11y.mjs).
import { axeEveryState } from "./a11y.mjs";

axeEveryState("dark");
