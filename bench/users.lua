-- wrk script: Thunderbird autoconfig for a user drawn at random from the
-- first BENCH_USERS of the generated directory (user1 .. userN); each wrk
-- thread draws its own sequence, and so does each wrk of BENCH_SEED (wrks
-- started in the same second would draw the same users otherwise).
local n = tonumber(os.getenv("BENCH_USERS"))
local threads = 0

function setup(thread)
    threads = threads + 1
    thread:set("id", threads)
end

function init(args)
    math.randomseed(os.time() * 1000 + id + 100 * (tonumber(os.getenv("BENCH_SEED")) or 0))
end

function request()
    return wrk.format("GET", "/mail/config-v1.1.xml?emailaddress=user"
                      .. math.random(1, n) .. "%40example.test")
end
