import type { Language, Messages } from "./config";

/** Each language's messages as a chunk of its own; a page loads its language's only (decision 020). */
const LOADERS: Record<Language, () => Promise<{ default: Messages }>> = {
  en: () => import("./messages/en"),
  "zh-CN": () => import("./messages/zh-CN"),
};

export async function loadMessages(language: Language): Promise<Messages> {
  return (await LOADERS[language]()).default;
}
