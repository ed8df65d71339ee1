-- wrk script of bench/soak: POST the POX request in the file BENCH_BODY;
-- each thread stops after BENCH_REQUESTS / threads answers (BENCH_THREADS
-- threads) and then creates BENCH_DONE.<n>, which bench/soak waits for
-- (wrk itself runs for its -d). An answer whose status is not BENCH_STATUS
-- or whose body differs from the file BENCH_ANSWER by a byte is counted as
-- wrong; done() prints "answers N wrong M".
wrk.method = "POST"
wrk.headers["Content-Type"] = "text/xml; charset=utf-8"

local function slurp(name)
    local f = assert(io.open(assert(os.getenv(name), name), "rb"))
    local s = f:read("*a")
    f:close()
    return s
end
wrk.body = slurp("BENCH_BODY")

local threads = {}
function setup(thread)
    table.insert(threads, thread)
    thread:set("id", #threads)
end

function init(args)
    expected = slurp("BENCH_ANSWER")
    expected_status = tonumber(os.getenv("BENCH_STATUS"))
    share = math.floor(tonumber(os.getenv("BENCH_REQUESTS")) / tonumber(os.getenv("BENCH_THREADS")))
    answers, wrong = 0, 0
end

function response(status, headers, body)
    answers = answers + 1
    if status ~= expected_status or body ~= expected then
        wrong = wrong + 1
    end
    if answers == share then
        local f = io.open(os.getenv("BENCH_DONE") .. "." .. id, "w")
        if f then f:close() end
        wrk.thread:stop()
    end
end

function done(summary, latency, requests)
    local n, w = 0, 0
    for _, t in ipairs(threads) do
        n = n + t:get("answers")
        w = w + t:get("wrong")
    end
    io.write(string.format("answers %d wrong %d\n", n, w))
end
