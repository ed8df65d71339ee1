-- wrk script: an Apple profile for a new address on every request (one of
-- 10^9, drawn at random per wrk thread), so that each one is signed: the
-- signed-profile cache's miss path (bench/signed).
local threads = 0

function setup(thread)
    threads = threads + 1
    thread:set("id", threads)
end

function init(args)
    math.randomseed(os.time() * 1000 + id)
end

function request()
    return wrk.format("GET", "/mobileconfig?emailaddress=u"
                      .. math.random(1, 1000000000) .. "%40example.test")
end
