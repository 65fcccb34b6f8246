import { describe, expect, it } from "vitest";
import { identityHints } from "./identity-hints";

describe("identity hints in a help request's text", () => {
  it("finds mobile and landline numbers however they are grouped, in half- or full-width digits", () => {
    for (const text of [
      "请打我电话13812345678",
      "电话 138 1234 5678 谢谢",
      "call 138-1234-5678",
      "+86 13912345678",
      "８６ 号码是１３８１２３４５６７８",
      "座机 020-88886666",
      "0755 12345678",
    ]) {
      expect(identityHints(text), text).toEqual(["phone"]);
    }
  });

  it("finds ID card numbers of 18 and 15 characters", () => {
    expect(identityHints("身份证 44010619900307123X")).toEqual(["idNumber"]);
    expect(identityHints("id 440106199003071234 ok")).toEqual(["idNumber"]);
    expect(identityHints("老身份证 440106900307123")).toEqual(["idNumber"]);
  });

  it("finds a name introduced as one, in Chinese or English", () => {
    for (const text of ["我叫张伟，想找工作", "我的名字是李娜", "姓名：王芳", "本人刘洋", "Hello, my name is Wei and I need a job", "Name: Chen"]) {
      expect(identityHints(text), text).toEqual(["name"]);
    }
  });

  it("finds e-mail addresses, full-width @ included", () => {
    expect(identityHints("邮箱 li.wei+job@example.com")).toEqual(["email"]);
    expect(identityHints("邮箱 liwei＠example．com")).toEqual(["email"]);
  });

  it("lists every kind found, each once, in a fixed order", () => {
    expect(identityHints("我叫张伟 13812345678 44010619900307123X a@b.cn 13912345678")).toEqual(["phone", "idNumber", "name", "email"]);
  });

  it("stays quiet about ordinary text: amounts, dates, short numbers, times, the word 'name' alone", () => {
    for (const text of [
      "我想申请低保，每月 1200 元，从 2026年3月开始",
      "需要找一份工作，最好是早上 8:30 到下午 5 点",
      "I need help with my name change documents",
      "房租 3000，押金 6000，合同 12 个月",
      "申请编号 20260301",
      "",
      "名字不方便写",
    ]) {
      expect(identityHints(text), text).toEqual([]);
    }
  });

  it("does not take part of a longer number for a phone or an ID", () => {
    expect(identityHints("订单号 9913812345678123456789")).toEqual([]);
  });
});
