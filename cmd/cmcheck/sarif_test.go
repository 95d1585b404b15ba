package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cmcheck/cmcheck/internal/jsonschema"
	"github.com/stretchr/testify/require"
)

// sarifSchemaFile is the official OASIS SARIF 2.1.0 JSON schema, kept
// as test data of reports (see SARIF_SCHEMA_SOURCE.md there).
var sarifSchemaFile = filepath.Join("..", "..", "reports", "testdata", "sarif-schema-2.1.0.json")

// validateSARIF returns why data is not a SARIF log that the official
// schema accepts, or nil.
func validateSARIF(t *testing.T, data []byte) error {
	t.Helper()
	schema, err := os.ReadFile(sarifSchemaFile)
	require.NoError(t, err)
	s, err := jsonschema.Compile(schema)
	require.NoError(t, err, "the official SARIF schema must compile whole")
	return s.Validate(data)
}

// TestValidateSARIF checks that the check used by TestGolden and the
// script tests does reject what breaks the schema.
func TestValidateSARIF(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "golden", "leak.sarif"))
	require.NoError(t, err)
	require.NoError(t, validateSARIF(t, data))
	require.ErrorContains(t, validateSARIF(t, []byte(`{"runs":[]}`)), `required property "version" is missing`)
	require.ErrorContains(t, validateSARIF(t, []byte(`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"message":{"text":"m"},"level":"fatal"}]}]}`)),
		`"/runs/0/results/0/level": "fatal" is not one of`)
}
