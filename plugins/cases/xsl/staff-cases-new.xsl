<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- Loaded as if in the skin's pages/: reach the plugin's own folder. -->
  <xsl:include href="../../../plugins/cases/xsl/cases-common.xsl"/>
  <!-- Staff open a case for a client. -->
  <xsl:template match="content" mode="page">
    <nav class="crumbs" aria-label="Breadcrumb"><a href="{$base}/staff/cases">Cases</a></nav>
    <h1>Open a case for a client</h1>
    <form method="post" action="{$base}/staff/cases/new" class="stack" enctype="multipart/form-data">
      <xsl:call-template name="csrf"/>
      <xsl:call-template name="cs-client-field"><xsl:with-param name="url">/staff/cases/new</xsl:with-param></xsl:call-template>
      <xsl:call-template name="cs-fields"/>
      <p><button type="submit" class="primary">Open the case</button></p>
    </form>
  </xsl:template>
</xsl:stylesheet>
