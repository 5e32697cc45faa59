// dotenv's API, declared here (the package is not installed): what the check reads is the module's name.
declare module "dotenv" {
  export function config(): void;
}
declare module "dotenv/config";
