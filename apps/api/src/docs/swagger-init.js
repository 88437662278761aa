// Starts swagger-ui on the API's own OpenAPI document. A file, not an inline script: the CSP allows only 'self'.
window.ui = SwaggerUIBundle({
  url: '/api/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  // the default validator badge would call validator.swagger.io
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
});
