import { useLoaderData } from "@remix-run/react";

export function loader() {
  return { greeting: "hello", at: new Date().toISOString() };
}

export default function Index() {
  const { greeting, at } = useLoaderData<typeof loader>();
  return (
    <p>
      {greeting} {at}
    </p>
  );
}
