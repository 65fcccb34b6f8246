/**
 * What a help request's text seems to hold that would identify the member: a phone number, an
 * ID card number, a name, an e-mail address. The browser warns while they type and suggests
 * the identity vault (encrypted, shared with one worker) instead. A hint, not a filter: it
 * errs towards warning, and the member decides.
 */

export const IDENTITY_HINTS = ["phone", "idNumber", "name", "email"] as const;
export type IdentityHint = (typeof IDENTITY_HINTS)[number];

/** Full-width digits and letters (common in Chinese input) as their ASCII forms. */
function halfWidth(text: string): string {
  return text.replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF20\uFF0E]/g, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0));
}

// Digits may be grouped with spaces or dashes ("138 1234 5678", "020-8888 6666"); never part of a longer run of digits.
const SEP = String.raw`[ \-]?`;
const MOBILE = new RegExp(String.raw`(?<!\d)(?:\+?86${SEP})?1[3-9]\d${SEP}\d{4}${SEP}\d{4}(?!\d)`);
const LANDLINE = new RegExp(String.raw`(?<!\d)0\d{2,3}${SEP}\d{7,8}(?!\d)`);
const DATE = String.raw`(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])`;
const ID_18 = new RegExp(String.raw`(?<![\dXx])[1-9]\d{5}(?:19|20)\d{2}${DATE}\d{3}[\dXx](?![\dXx])`);
const ID_15 = new RegExp(String.raw`(?<!\d)[1-9]\d{7}${DATE}\d{3}(?!\d)`);
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;
// "我叫张伟", "名字是李娜", "姓名：王芳", "本人刘洋"; "my name is Li Wei", "name: Wang".
const NAME_ZH = /(?:我叫|我的名字[是叫]|名字[是叫:：]|姓名[是:：]?|本人[叫是]?)\s*[\u4e00-\u9fff·]{2,4}/;
const NAME_EN = /\b(?:my name is|my name's|i am called|i'm called|name\s*:)\s*[A-Z][a-z]+/i;

/** The kinds of identifying detail the text seems to hold, each once, in IDENTITY_HINTS order. */
export function identityHints(text: string): IdentityHint[] {
  const plain = halfWidth(text);
  const found: Record<IdentityHint, boolean> = {
    phone: MOBILE.test(plain) || LANDLINE.test(plain),
    idNumber: ID_18.test(plain) || ID_15.test(plain),
    name: NAME_ZH.test(plain) || NAME_EN.test(plain),
    email: EMAIL.test(plain),
  };
  return IDENTITY_HINTS.filter((hint) => found[hint]);
}
