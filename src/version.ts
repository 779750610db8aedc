// Identity used in the User-Agent Discord requires and on the status page (kept equal to package.json by a test).
export const PROJECT = {
  name: "ideogram-imagine-bot",
  version: "0.1.0",
  url: "https://github.com/ideogram-imagine-bot/ideogram-imagine-bot",
} as const;
