/** The checkout PWA's web app manifest (scoped to /checkout so the portals are not part of the app). */
export const dynamic = "force-static";

export function GET() {
  return Response.json(
    {
      name: "Flux Checkout",
      short_name: "Flux EMI",
      description:
        "Pay for your purchase in easy monthly instalments, approved on your phone in under a minute.",
      id: "/checkout",
      start_url: "/checkout",
      scope: "/checkout",
      display: "standalone",
      orientation: "portrait",
      background_color: "#f7f8fb",
      theme_color: "#4338ca",
      categories: ["finance", "shopping"],
      icons: [
        { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
        { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
        { src: "/icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
      ],
    },
    { headers: { "content-type": "application/manifest+json" } },
  );
}
