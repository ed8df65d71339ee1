-- wrk script: POST the request body in the file BENCH_BODY (POX or SOAP).
-- (wrk counts and prints responses other than 2xx and 3xx; bench/run fails
-- on them.)
wrk.method = "POST"
wrk.headers["Content-Type"] = "text/xml; charset=utf-8"
do
    local f = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
    wrk.body = f:read("*a")
    f:close()
end

