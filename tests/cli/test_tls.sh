#!/bin/sh
# TLS as an office runs it on a laptop: given a certificate and its key,
# habeas serve answers over HTTPS only; a login there works, its session
# cookie is Secure (and HttpOnly, SameSite=Strict), every answer says
# Strict-Transport-Security; plain HTTP on that port gets no page.  A
# certificate without its key, or a key file that is not there, is a clear
# error before anything listens.
. "$(dirname "$0")/lib.sh"
run init
expect_rc 0 "init"
echo "password-ana" | "$HABEAS" user add ana --role admin > /dev/null || not_ok "user add ana"
openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 2 \
    -subj /CN=localhost > /dev/null 2>&1 || not_ok "openssl made a test certificate"

run serve --listen 127.0.0.1:1 --cert cert.pem
expect_rc 1 "a certificate without its key"
expect_in "$err" "TLS needs both --cert and --key" "says what is missing"
run serve --listen 127.0.0.1:1 --cert cert.pem --key no-such-key.pem
expect_rc 1 "a key file that is not there"
expect_in "$err" "no-such-key.pem" "names the file"

PORT=$((20000 + $$ % 20000))
"$HABEAS" serve --listen 127.0.0.1:$PORT --cert cert.pem --key key.pem --quiet > serve.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
URL=https://127.0.0.1:$PORT
i=0
until curl -sk -o /dev/null "$URL/login" || [ $i -gt 50 ]; do sleep 0.2; i=$((i + 1)); done

code=$(curl -sk -o /dev/null -w '%{http_code}' "$URL/login")
expect_eq "$code" "200" "the login page over HTTPS"
head=$(curl -sk -D - -o body.json -H 'Content-Type: application/json' \
    -d '{"user":"ana","password":"password-ana"}' "$URL/api/login")
expect_eq "$(jq -r '.csrf | length' < body.json)" "64" "log in over HTTPS"
cookie=$(printf '%s\n' "$head" | grep -i '^set-cookie:')
expect_in "$cookie" "Secure" "the session cookie is Secure"
expect_in "$cookie" "HttpOnly; SameSite=Strict" "and HttpOnly, SameSite=Strict"
expect_in "$(printf '%s\n' "$head" | tr -d '\r')" "Strict-Transport-Security: max-age=31536000" \
    "answers say Strict-Transport-Security"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$PORT/login")
expect_eq "$code" "000" "plain HTTP on the TLS port gets no page"
kill $SERVER 2>/dev/null
finish
