<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- Loaded as if in the skin's pages/: reach the plugin's own folder. -->
  <xsl:include href="../../../plugins/cases/xsl/cases-common.xsl"/>
  <!-- A contact opens a case. -->
  <xsl:template match="content" mode="page">
    <nav class="crumbs" aria-label="Breadcrumb"><a href="{$base}/cases">Support cases</a></nav>
    <h1>Open a case</h1>
    <form method="post" action="{$base}/cases/new" class="stack" enctype="multipart/form-data">
      <xsl:call-template name="csrf"/>
      <xsl:call-template name="cs-fields"/>
      <p><button type="submit" class="primary">Open the case</button></p>
    </form>
  </xsl:template>
</xsl:stylesheet>
