/**
 * Any address no page answers. Without this route Remix answers a 404 before the root loader
 * runs, so the error page could not know the reader's language or whether they are signed in.
 */
export function loader(): never {
  throw new Response(null, { status: 404 });
}

export function action(): never {
  throw new Response(null, { status: 404 });
}

/** Never shown (the loader always throws); its presence makes this a page, so the root's error page renders. */
export default function NotFound() {
  return null;
}
