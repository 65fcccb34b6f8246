import { assembleLocales, byPathBelowLocales } from "../assemble-locales";

/** The zh-CN messages alone: the browser's chunk for pages in this language (decision 020). */
export default assembleLocales(byPathBelowLocales(import.meta.glob("../locales/zh-CN/**/*.json", { eager: true, import: "default" })))["zh-CN"];
