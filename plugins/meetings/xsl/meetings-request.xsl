<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- Loaded as if in the skin's pages/: reach the plugin's own folder. -->
  <xsl:include href="../../../plugins/meetings/xsl/meetings-common.xsl"/>
  <!-- The request form. -->
  <xsl:template match="content" mode="page">
    <nav class="crumbs" aria-label="Breadcrumb"><a href="{$base}/meetings">Meetings</a></nav>
    <h1>Request a meeting</h1>
    <form method="post" action="{$base}/meetings/request" class="stack">
      <xsl:call-template name="csrf"/>
      <xsl:call-template name="field">
        <xsl:with-param name="name">topic</xsl:with-param>
        <xsl:with-param name="label">Topic</xsl:with-param>
        <xsl:with-param name="required" select="true()"/>
      </xsl:call-template>
      <xsl:variable name="t" select="form/field[@name='type']"/>
      <fieldset>
        <xsl:attribute name="class">field<xsl:if test="$t/@error"> has-error</xsl:if></xsl:attribute>
        <legend>Type <span class="req" aria-hidden="true">*</span></legend>
        <label><input type="radio" name="type" value="video"><xsl:if test="$t/@value = 'video'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if></input> Video</label>
        <label><input type="radio" name="type" value="in_person"><xsl:if test="$t/@value = 'in_person'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if></input> In person</label>
        <label><input type="radio" name="type" value="phone"><xsl:if test="$t/@value = 'phone'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if></input> Phone</label>
        <xsl:if test="$t/@error"><p class="error"><xsl:value-of select="$t/@error"/></p></xsl:if>
      </fieldset>
      <xsl:call-template name="mt-slots"/>
      <xsl:if test="projects/project">
        <xsl:variable name="p" select="form/field[@name='project']"/>
        <div class="field">
          <label for="f-project">Project (optional)</label>
          <select id="f-project" name="project">
            <option value="">None</option>
            <xsl:for-each select="projects/project">
              <option value="{id}"><xsl:if test="$p/@value = id"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="name"/></option>
            </xsl:for-each>
          </select>
        </div>
      </xsl:if>
      <xsl:if test="form/field[@name='project']/@error">
        <p class="error"><xsl:value-of select="form/field[@name='project']/@error"/></p>
      </xsl:if>
      <xsl:call-template name="field">
        <xsl:with-param name="name">notes</xsl:with-param>
        <xsl:with-param name="label">Notes (optional)</xsl:with-param>
        <xsl:with-param name="type">textarea</xsl:with-param>
      </xsl:call-template>
      <p><button type="submit" class="primary">Send the request</button></p>
    </form>
  </xsl:template>
</xsl:stylesheet>
