# Seeding an exchange through its API, for the benchmarks that measure it over HTTPS. Needs $URL
# (https://host:port) and an admin made at start with admin@bench.local / bench-admin-password.
#   . tests/bench/seed.sh; seed_staff; read -r ID TOKEN < <(verified 1)

# field NAME: the first string value of NAME in the JSON on stdin.
field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p" | head -1; }
# post PATH TOKEN BODY: a JSON POST, with the bearer TOKEN unless it is empty.
post() { curl -sk "$URL$1" ${2:+-H "Authorization: Bearer $2"} -H 'Content-Type: application/json' -d "$3"; }
sign_in() { curl -sk "$URL/api/v1/sessions" -H 'Content-Type: application/json' -d "{\"email\":\"$1\",\"password\":\"$2\"}" | field token; }
# must WHAT TEXT PATTERN: fails with TEXT unless it matches PATTERN.
must() {
  echo "$2" | grep -q "$3" || { echo "error: $1: $2" >&2; exit 1; }
}

# Signs the admin in and makes one member of staff of each role the benchmarks need: sets ADMIN,
# KYC, REVIEWER and FINANCE to their tokens.
seed_staff() {
  ADMIN=$(sign_in admin@bench.local bench-admin-password)
  [ -n "$ADMIN" ] || { echo "error: the admin could not sign in" >&2; exit 1; }
  KYC=$(staff kyc_reviewer)
  REVIEWER=$(staff listing_reviewer)
  FINANCE=$(staff finance)
}
staff() {
  post /api/v1/staff/users "$ADMIN" "{\"email\":\"$1@bench.local\",\"password\":\"staff-password-123\",\"display_name\":\"$1\",\"roles\":[\"$1\"]}" >/dev/null
  sign_in "$1@bench.local" staff-password-123
}

# A valid resident identity number (GB 11643-1999 check character) for person number $1.
id_number() {
  local first17
  first17=$(printf '31010419850612%03d' $(($1 % 1000)))
  awk -v s="$first17" 'BEGIN { split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " "); t = 0;
    for (i = 1; i <= 17; i++) t += substr(s, i, 1) * w[i]; printf "%s%s", s, substr("10X98765432", t % 11 + 1, 1) }'
}
# Registers and verifies person number $1; prints "account_id token".
verified() {
  local email="p$1@bench.local" token id doc decided
  id=$(post /api/v1/accounts "" "{\"email\":\"$email\",\"password\":\"party-password-123\",\"kind\":\"person\",\"display_name\":\"P$1\"}" | field id)
  token=$(sign_in "$email" party-password-123)
  doc=$(curl -sk "$URL/api/v1/files" -H "Authorization: Bearer $token" -H 'Content-Type: image/png' --data-binary "scan $1" | field id)
  post /api/v1/kyc "$token" "{\"legal_name\":\"王小明\",\"id_number\":\"$(id_number "$1")\",\"phone\":\"13800138000\",\"document_file_ids\":[\"$doc\"]}" >/dev/null
  decided=$(post "/api/v1/staff/kyc/$id/decision" "$KYC" '{"decision":"approve","reason":"bench"}')
  must "person $1 was not verified" "$decided" '"status":"verified"'
  echo "$id $token"
}
