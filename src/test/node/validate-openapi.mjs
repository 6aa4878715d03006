// swagger-parser's validate on an OpenAPI file: the OpenAPI meta-schema and the parser's own rules, with every
// $ref followed (the status schema is a file of its own). Exit code 1 and the reasons on stderr when it is invalid.
import SwaggerParser from '@apidevtools/swagger-parser';

const [file] = process.argv.slice(2);
try {
  const api = await SwaggerParser.validate(file);
  console.log(`${file}: valid (${api.info.title} ${api.info.version})`);
} catch (error) {
  console.error(`${file}: ${error.message}`);
  process.exitCode = 1;
}
