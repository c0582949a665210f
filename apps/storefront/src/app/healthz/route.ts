/** Answers once the server is up: what `npm start` and the end-to-end tests wait for. */
export function GET() {
  return Response.json({ status: 'ok' });
}
