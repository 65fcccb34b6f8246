import { assembleLocales, byPathBelowLocales } from "../assemble-locales";

/** The en messages alone: the browser's chunk for pages in this language (decision 020). */
export default assembleLocales(byPathBelowLocales(import.meta.glob("../locales/en/**/*.json", { eager: true, import: "default" })))["en"];
