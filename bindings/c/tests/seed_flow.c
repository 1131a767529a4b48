/* The seed flow through the C ABI: every request of the seed documents'
 * flow built in HTTP terms, prepared at the vector's date and checked
 * against the shared signing vectors (string to sign, URL); signed with a
 * key the library holds; Amazon's answers decoded; a call retried; a ledger
 * refusing a capture; bad arguments refused. Compiled with cc, run under
 * AddressSanitizer by .ci/run.
 *
 *   seed_flow REPO_ROOT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amazon_pay.h"
#include "vectors.h"

static int failures = 0;

#define CHECK(condition, ...)                                                   \
  do {                                                                          \
    if (!(condition)) {                                                         \
      fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                      \
      fprintf(stderr, __VA_ARGS__);                                             \
      fprintf(stderr, "\n");                                                    \
      failures++;                                                               \
    }                                                                           \
  } while (0)

/* The status, and the last error printed when it is not the one expected. */
static int expect(AmzpStatus got, AmzpStatus want, const char *what) {
  if (got != want) {
    char *error = amzp_last_error();
    fprintf(stderr, "FAIL %s: status %d, expected %d: %s\n", what, (int)got, (int)want, error ? error : "(no error)");
    amzp_string_free(error);
    failures++;
    return 0;
  }
  return 1;
}

static char *read_file(const char *root, const char *path, size_t *len) {
  char full[4096];
  snprintf(full, sizeof full, "%s/%s", root, path);
  FILE *file = fopen(full, "rb");
  if (!file) {
    fprintf(stderr, "cannot open %s\n", full);
    exit(2);
  }
  fseek(file, 0, SEEK_END);
  long size = ftell(file);
  fseek(file, 0, SEEK_SET);
  char *data = malloc((size_t)size + 1);
  size_t got = fread(data, 1, (size_t)size, file);
  fclose(file);
  data[got] = '\0';
  *len = got;
  return data;
}

static void vectors(AmzpKey *key) {
  for (size_t i = 0; i < sizeof VECTORS / sizeof VECTORS[0]; i++) {
    const struct vector *v = &VECTORS[i];
    AmzpClient *client = NULL;
    AmzpCall *call = NULL;
    AmzpPrepared *prepared = NULL;
    char *string_to_sign = NULL;
    char *request = NULL;
    if (!expect(amzp_client_new(v->settings, &client), AMZP_STATUS_OK, v->name)) continue;
    if (expect(amzp_call_http(client, v->method, v->path, v->body, v->key, &call), AMZP_STATUS_OK, v->name)) {
      if (expect(amzp_call_prepare(call, v->date, &prepared), AMZP_STATUS_OK, v->name) &&
          expect(amzp_prepared_string_to_sign(prepared, &string_to_sign), AMZP_STATUS_OK, v->name)) {
        CHECK(strcmp(string_to_sign, v->string_to_sign) == 0, "%s: string to sign\n%s\nexpected\n%s", v->name,
              string_to_sign, v->string_to_sign);
      }
      if (expect(amzp_call_sign(call, key, v->date, &request), AMZP_STATUS_OK, v->name)) {
        char url[1024];
        snprintf(url, sizeof url, "\"url\":\"%s\"", v->url);
        CHECK(strstr(request, url) != NULL, "%s: %s not in %s", v->name, url, request);
        CHECK(strstr(request, "AMZN-PAY-RSASSA-PSS") != NULL, "%s: no signature in %s", v->name, request);
      }
    }
    amzp_string_free(string_to_sign);
    amzp_string_free(request);
    amzp_prepared_free(prepared);
    amzp_call_free(call);
    amzp_client_free(client);
  }
}

static void two_step(AmzpClient *client) {
  AmzpCall *call = NULL;
  AmzpPrepared *prepared = NULL;
  char *request = NULL;
  const unsigned char signature[256] = {7};
  expect(amzp_call_new(client, "GetCharge", "{\"chargeId\":\"S01-1-C1\"}", &call), AMZP_STATUS_OK, "GetCharge");
  expect(amzp_call_prepare(call, 1704067200, &prepared), AMZP_STATUS_OK, "prepare");
  /* finish consumes the prepared request, whatever it answers */
  if (expect(amzp_prepared_finish(prepared, signature, sizeof signature, &request), AMZP_STATUS_OK, "finish")) {
    CHECK(strstr(request, "Signature=BwAAAA") != NULL, "the signature given is the one sent: %s", request);
  }
  amzp_string_free(request);
  amzp_call_free(call);
}

static void decode(const char *root, AmzpClient *client) {
  size_t len = 0;
  char *answer = read_file(root, "tests/fixtures/seed_v1_capture_charge.json", &len);
  AmzpCall *call = NULL;
  char *result = NULL;
  expect(amzp_call_new(client, "CaptureCharge",
                       "{\"chargeId\":\"S01-5105180-3221187-C056351\",\"body\":{\"captureAmount\":{\"amount\":\"14.00\","
                       "\"currencyCode\":\"USD\"}},\"idempotencyKey\":\"capture-1\"}",
                       &call),
         AMZP_STATUS_OK, "CaptureCharge");
  if (expect(amzp_call_decode(call, 200, NULL, (const uint8_t *)answer, len, &result), AMZP_STATUS_OK, "decode")) {
    CHECK(strstr(result, "\"Captured\"") != NULL, "decoded: %s", result);
  }
  amzp_string_free(result);
  result = NULL;
  const char *refusal = "{\"reasonCode\":\"InvalidChargeStatus\",\"message\":\"The Charge is not Authorized\"}";
  if (expect(amzp_call_decode(call, 422, "[[\"x-amzn-requestid\",\"r-1\"]]", (const uint8_t *)refusal, strlen(refusal),
                              &result),
             AMZP_STATUS_API, "an Amazon refusal")) {
    char *error = amzp_last_error();
    CHECK(error && strstr(error, "\"reasonCode\":\"InvalidChargeStatus\""), "error: %s", error);
    amzp_string_free(error);
  }
  CHECK(result == NULL, "no result for a refusal");
  amzp_call_free(call);
  free(answer);
}

static void retries(AmzpClient *client, AmzpKey *key) {
  AmzpCall *call = NULL;
  AmzpExchange *exchange = NULL;
  char *step = NULL;
  const unsigned char entropy[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  long long now = 1704067200;
  expect(amzp_call_new(client, "GetCharge", "{\"chargeId\":\"S01-1-C1\"}", &call), AMZP_STATUS_OK, "GetCharge");
  expect(amzp_exchange_new(call, &exchange), AMZP_STATUS_OK, "exchange");
  expect(amzp_exchange_step(exchange, key, now, entropy, sizeof entropy, &step), AMZP_STATUS_OK, "step 1");
  CHECK(step && strstr(step, "\"kind\":\"send\""), "first step: %s", step);
  amzp_string_free(step);
  const char *busy = "{\"reasonCode\":\"ServiceUnavailable\",\"message\":\"busy\"}";
  expect(amzp_exchange_handle_response(exchange, now, 503, "[[\"retry-after\",\"2\"]]", (const uint8_t *)busy,
                                       strlen(busy)),
         AMZP_STATUS_OK, "503");
  expect(amzp_exchange_step(exchange, key, now, entropy, sizeof entropy, &step), AMZP_STATUS_OK, "step 2");
  CHECK(step && strstr(step, "\"kind\":\"wait\",\"until\":1704067202"), "second step: %s", step);
  amzp_string_free(step);
  expect(amzp_exchange_step(exchange, key, now + 2, entropy, sizeof entropy, &step), AMZP_STATUS_OK, "step 3");
  CHECK(step && strstr(step, "\"kind\":\"send\""), "third step: %s", step);
  amzp_string_free(step);
  const char *charge = "{\"chargeId\":\"S01-1-C1\",\"statusDetails\":{\"state\":\"Authorized\"}}";
  expect(amzp_exchange_handle_response(exchange, now + 2, 200, NULL, (const uint8_t *)charge, strlen(charge)),
         AMZP_STATUS_OK, "200");
  expect(amzp_exchange_step(exchange, key, now + 2, entropy, sizeof entropy, &step), AMZP_STATUS_OK, "step 4");
  CHECK(step && strstr(step, "\"kind\":\"done\"") && strstr(step, "Authorized"), "last step: %s", step);
  amzp_string_free(step);
  CHECK(amzp_exchange_handle_transport_error(exchange, now, "Lost") == AMZP_STATUS_VALIDATION, "unknown transport error");
  amzp_exchange_free(exchange);
  amzp_call_free(call);
}

static void ledger(const char *root, AmzpClient *client) {
  size_t len = 0;
  char *permission = read_file(root, "tests/fixtures/v2_charge_permission_onetime.json", &len);
  char *charge = read_file(root, "tests/fixtures/v2_charge_authorized.json", &len);
  AmzpLedger *ledger = NULL;
  AmzpCall *call = NULL;
  char *kept = NULL;
  if (expect(amzp_ledger_from_permission(permission, "us", &ledger), AMZP_STATUS_OK, "ledger")) {
    expect(amzp_ledger_answered(ledger, "GetCharge", charge), AMZP_STATUS_OK, "answered");
    CHECK(amzp_ledger_request_capture(ledger, client, "S01-5105180-3221187-C056351", "50.00", "USD", "cap-1",
                                      1709288553, &call) == AMZP_STATUS_RULE,
          "a capture above the authorization is a rule violation");
    CHECK(call == NULL, "no call for a refusal");
    char *error = amzp_last_error();
    CHECK(error && strstr(error, "\"kind\":\"rule\""), "error: %s", error);
    amzp_string_free(error);
    expect(amzp_ledger_request_capture(ledger, client, "S01-5105180-3221187-C056351", "49.99", "USD", "cap-2",
                                       1709288553, &call),
           AMZP_STATUS_OK, "a capture within the authorization");
    expect(amzp_ledger_to_json(ledger, &kept), AMZP_STATUS_OK, "to_json");
    CHECK(kept && strstr(kept, "\"formatVersion\""), "ledger JSON: %s", kept);
  }
  amzp_string_free(kept);
  amzp_call_free(call);
  amzp_ledger_free(ledger);
  free(permission);
  free(charge);
}

static void refusals(AmzpClient *client) {
  AmzpCall *call = NULL;
  AmzpKey *key = NULL;
  CHECK(amzp_call_new(NULL, "GetCharge", "{}", &call) == AMZP_STATUS_INVALID_ARGUMENT, "NULL client");
  CHECK(amzp_call_new(client, "GetCharge", "{\"chargeId\":\"x\"}", NULL) == AMZP_STATUS_INVALID_ARGUMENT, "NULL out");
  CHECK(amzp_call_new(client, "CaptureCharges", "{}", &call) == AMZP_STATUS_VALIDATION, "unknown operation");
  CHECK(amzp_call_new(client, "GetCharge", "\xff", &call) == AMZP_STATUS_INVALID_ARGUMENT, "not UTF-8");
  CHECK(amzp_key_new((const uint8_t *)"not a key", 9, &key) == AMZP_STATUS_KEY, "bad key");
  CHECK(amzp_key_new(NULL, 10, &key) == AMZP_STATUS_INVALID_ARGUMENT, "NULL key bytes");
  CHECK(call == NULL && key == NULL, "nothing made by a refusal");
  amzp_client_free(NULL);
  amzp_call_free(NULL);
  amzp_string_free(NULL);
  char *names = NULL;
  expect(amzp_operations(&names), AMZP_STATUS_OK, "operations");
  CHECK(names && strstr(names, "\"InStoreRefund\""), "operations: %s", names);
  amzp_string_free(names);
  char *none = amzp_last_error();
  CHECK(none == NULL, "no error after a success");
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: seed_flow REPO_ROOT\n");
    return 2;
  }
  size_t len = 0;
  char *pem = read_file(argv[1], "tests/vectors/keys/rsa2048.pkcs8.pem", &len);
  AmzpKey *key = NULL;
  AmzpClient *client = NULL;
  expect(amzp_key_new((const uint8_t *)pem, len, &key), AMZP_STATUS_OK, "key");
  expect(amzp_client_new("{\"publicKeyId\":\"SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B\",\"region\":\"us\"}", &client),
         AMZP_STATUS_OK, "client");
  vectors(key);
  two_step(client);
  decode(argv[1], client);
  retries(client, key);
  ledger(argv[1], client);
  refusals(client);
  amzp_client_free(client);
  amzp_key_free(key);
  free(pem);
  if (failures) {
    fprintf(stderr, "%d failure(s)\n", failures);
    return 1;
  }
  printf("seed_flow: %zu vectors and every check passed\n", sizeof VECTORS / sizeof VECTORS[0]);
  return 0;
}
