-- wrk: GET with a bearer token (TOKEN from the environment).
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
