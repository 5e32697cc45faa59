process.env.APP_REGION = "eu";
