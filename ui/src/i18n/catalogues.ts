// Every shipped catalogue by locale tag, kept free of Svelte so Vitest can use it directly.

import { en } from "./en";
import { ptBR } from "./pt-BR";
import { es } from "./es";
import { hi } from "./hi";

/** The shipped catalogues: each one complete (see coverage.test.ts). */
export const catalogues = { en, "pt-BR": ptBR, es, hi } as const;
