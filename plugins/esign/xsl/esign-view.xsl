<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <xsl:include href="../../../plugins/esign/xsl/esign-common.xsl"/>
  <!-- One envelope for the client. -->
  <xsl:template match="content" mode="page">
    <nav class="crumbs" aria-label="Breadcrumb"><a href="{$base}/esign">Signatures</a></nav>
    <xsl:call-template name="es-envelope"/>
  </xsl:template>
</xsl:stylesheet>
